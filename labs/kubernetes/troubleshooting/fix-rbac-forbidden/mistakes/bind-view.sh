# mistake: binds the view ClusterRole cluster-wide; read-only, but in every namespace
# fails: least-privilege/monitoring-only
# message: can list pods in namespace default
kubectl create clusterrolebinding pod-watcher-view --clusterrole=view --serviceaccount=monitoring:pod-watcher
