# mistake: binds the built-in edit ClusterRole; listing works, but so does deleting pods
# fails: least-privilege/no-delete
# message: can delete pods in namespace monitoring, expected it not to
kubectl create rolebinding pod-watcher-edit -n monitoring --clusterrole=edit --serviceaccount=monitoring:pod-watcher
