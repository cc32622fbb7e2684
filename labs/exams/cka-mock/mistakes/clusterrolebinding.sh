# mistake: binds the ClusterRole with a ClusterRoleBinding, which grants it in every namespace
# fails: rbac/not-in-default
# message: can create deployments.apps in namespace default, expected it not to
kubectl --context k8s-c1 -n ci create serviceaccount deploy-bot
kubectl --context k8s-c1 create clusterrole deployment-manager --verb=create,get,list,watch,update,patch,delete --resource=deployments.apps
kubectl --context k8s-c1 create clusterrolebinding deploy-bot --clusterrole=deployment-manager --serviceaccount=ci:deploy-bot
