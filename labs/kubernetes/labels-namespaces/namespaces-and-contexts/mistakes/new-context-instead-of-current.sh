# mistake: creates a new context named dev instead of changing the current one
# fails: context/default-namespace
# message: The namespace of your current kubectl context is not dev
kubectl config set-context dev --namespace=dev
