kubectl auth can-i list pods -n monitoring --as=system:serviceaccount:monitoring:pod-watcher || true
kubectl describe rolebinding pod-watcher-binding -n monitoring
kubectl get roles,serviceaccounts -n monitoring
# the binding refers to Role "pods-reader" (there is only "pod-reader")
# and names the ServiceAccount in namespace default; roleRef is immutable, so recreate it
kubectl delete rolebinding pod-watcher-binding -n monitoring
kubectl create rolebinding pod-watcher-binding -n monitoring --role=pod-reader --serviceaccount=monitoring:pod-watcher
kubectl auth can-i list pods -n monitoring --as=system:serviceaccount:monitoring:pod-watcher
kubectl auth can-i delete pods -n monitoring --as=system:serviceaccount:monitoring:pod-watcher || true
