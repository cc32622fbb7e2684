kubectl create namespace dev
kubectl create namespace prod
kubectl run web --image=nginx:1.27 -n dev
kubectl run web --image=nginx:1.27 -n prod
kubectl wait --for=condition=Ready pod/web -n dev --timeout=60s
kubectl wait --for=condition=Ready pod/web -n prod --timeout=60s
kubectl get pods -A -l run=web
# the current context now defaults to dev
kubectl config set-context --current --namespace=dev
kubectl config view --minify -o jsonpath='{..namespace}'; echo
kubectl create configmap app-config --from-literal=mode=development
# a quota for dev (the current namespace)
kubectl create quota dev-quota --hard=pods=4,services=2
kubectl create deployment load --image=nginx:1.27 --replicas=5
kubectl wait --for=condition=ReplicaFailure deployment/load --timeout=60s
kubectl describe quota dev-quota
kubectl get deployment load -o jsonpath='{.status.conditions[?(@.type=="ReplicaFailure")].message}' > ~/quota-error.txt
cat ~/quota-error.txt
