# mistake: selects env in (staging,dev) without requiring the tier key, so report-1 is listed too
# fails: select/staging-or-dev
# message: must list exactly the pods whose env is staging or dev
kubectl label pod api-1 api-2 team=payments
kubectl label pod cache-1 tier=cache --overwrite
kubectl label pod report-1 temp-
mkdir -p ~/selected
kubectl get pods -l 'env in (staging,dev)' -o name > ~/selected/staging-or-dev.txt
