# mistake: lists the pods whose tier is frontend or cache, forgetting that notin also matches pods without a tier label
# fails: select/not-backend
# message: tier notin (backend)
kubectl label pod api-1 api-2 team=payments
kubectl label pod cache-1 tier=cache --overwrite
kubectl label pod report-1 temp-
mkdir -p ~/selected
kubectl get pods -l 'tier in (frontend,cache)' -o name > ~/selected/not-backend.txt
