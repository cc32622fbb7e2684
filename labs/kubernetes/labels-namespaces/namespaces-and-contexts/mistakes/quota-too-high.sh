# mistake: sets the pod limit to 5, so the quota lets every replica of load start
# fails: quota/hard-pods
# message: expected 4
kubectl create namespace dev
kubectl run web --image=nginx:1.27 -n dev
kubectl create quota dev-quota -n dev --hard=pods=5,services=2
kubectl create deployment load -n dev --image=nginx:1.27 --replicas=5
