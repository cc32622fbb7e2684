# mistake: uses a ClusterRole and a ClusterRoleBinding, which let jane read pods in every namespace
# fails: verify/not-in-default
# message: user jane can list pods in namespace default, expected it not to
kubectl create role pod-reader --verb=get,list,watch --resource=pods -n dev
kubectl create clusterrole pod-reader --verb=get,list,watch --resource=pods
kubectl create clusterrolebinding jane-pod-reader --clusterrole=pod-reader --user=jane
