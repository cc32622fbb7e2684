# mistake: annotates the pods instead of the Deployment; the annotations vanish with the next rollout and never reach the Deployment
# fails: annotate/owner
# message: expected payments-team
kubectl annotate pods -l app=web example.com/owner=payments-team example.com/runbook=https://wiki.example.com/runbooks/web
