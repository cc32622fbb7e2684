# mistake: the Role grants every verb on pods, so monitor-sa can also delete them
# fails: serviceaccount/cannot-delete
kubectl --context k8s -n ops create serviceaccount monitor-sa
kubectl --context k8s -n ops create role pod-lister --verb='*' --resource=pods
kubectl --context k8s -n ops create rolebinding monitor-pod-lister --role=pod-lister --serviceaccount=ops:monitor-sa
