# mistake: creates the Role and the RoleBinding without -n dev, so they land in the default namespace
# fails: binding/can-list
# message: No RoleBinding in namespace dev or ClusterRoleBinding names user jane
kubectl create role pod-reader --verb=get,list,watch --resource=pods
kubectl create rolebinding jane-pod-reader --role=pod-reader --user=jane
