kubectl create serviceaccount ci -n build

kubectl create clusterrole deployment-manager --verb=get,list,watch,create,update,patch,delete --resource=deployments
kubectl create rolebinding ci-deployments --clusterrole=deployment-manager --serviceaccount=build:ci -n build
kubectl auth can-i create deployments -n build --as system:serviceaccount:build:ci
kubectl auth can-i delete deployments -n prod --as system:serviceaccount:build:ci || true
kubectl get deployments -n build --as system:serviceaccount:build:ci

kubectl create clusterrole node-reader --verb=get,list,watch --resource=nodes
kubectl create clusterrolebinding ci-node-reader --clusterrole=node-reader --serviceaccount=build:ci
kubectl get nodes --as system:serviceaccount:build:ci
