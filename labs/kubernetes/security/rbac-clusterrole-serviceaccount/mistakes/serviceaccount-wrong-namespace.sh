# mistake: names the subject default:ci instead of build:ci, so the binding grants an account that does not exist
# fails: deployments/can-create
# message: No RoleBinding in namespace build or ClusterRoleBinding names ServiceAccount build/ci
kubectl create serviceaccount ci -n build
kubectl create clusterrole deployment-manager --verb=get,list,watch,create,update,patch,delete --resource=deployments
kubectl create rolebinding ci-deployments --clusterrole=deployment-manager --serviceaccount=default:ci -n build
