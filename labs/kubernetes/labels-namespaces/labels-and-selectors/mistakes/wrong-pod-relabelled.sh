# mistake: labels every backend pod with team=payments, cache-1 included
# fails: relabel/team
# message: Exactly the pods api-1 and api-2
kubectl label pods -l tier=backend team=payments
