# mistake: creates the ConfigMap before switching the namespace, so it lands in default
# fails: context/not-in-default
# message: still exists
kubectl create configmap app-config --from-literal=mode=development
kubectl config set-context --current --namespace=dev
