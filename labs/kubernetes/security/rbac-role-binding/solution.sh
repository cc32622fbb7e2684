kubectl create role pod-reader --verb=get,list,watch --resource=pods -n dev
kubectl describe role pod-reader -n dev

kubectl create rolebinding jane-pod-reader --role=pod-reader --user=jane -n dev
kubectl auth can-i list pods -n dev --as jane
kubectl get pods -n dev --as jane

kubectl auth can-i delete pods -n dev --as jane || true
kubectl auth can-i list pods -n default --as jane || true
kubectl auth can-i --list -n dev --as jane > ~/jane-dev-access.txt
cat ~/jane-dev-access.txt
