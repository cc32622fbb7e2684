# mistake: saves the TokenRequest object as YAML instead of the bare token
# fails: token/jwt
# message: does not match
kubectl create serviceaccount reporter -n monitoring
kubectl create token reporter -n monitoring -o yaml > ~/reporter.token
