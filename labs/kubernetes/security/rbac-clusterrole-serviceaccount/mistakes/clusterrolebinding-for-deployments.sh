# mistake: binds deployment-manager with a ClusterRoleBinding, which grants it in every namespace, prod included
# fails: deployments/not-in-prod
# message: ServiceAccount build/ci can delete deployments.apps in namespace prod, expected it not to
kubectl create serviceaccount ci -n build
kubectl create clusterrole deployment-manager --verb=get,list,watch,create,update,patch,delete --resource=deployments
kubectl create clusterrolebinding ci-deployments --clusterrole=deployment-manager --serviceaccount=build:ci
