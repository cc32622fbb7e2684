# mistake: recreates the binding with the right Role but still for the ServiceAccount of namespace default
# fails: grant/list-pods
# message: No RoleBinding in namespace monitoring or ClusterRoleBinding names ServiceAccount monitoring/pod-watcher
kubectl delete rolebinding pod-watcher-binding -n monitoring
kubectl create rolebinding pod-watcher-binding -n monitoring --role=pod-reader --serviceaccount=default:pod-watcher
