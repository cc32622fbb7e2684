# mistake: applies the generated file unchanged and then scales with kubectl scale
# fails: apply/replicas-applied
# message: does not set replicas: 3
kubectl create deployment web --image=nginx:1.26 --replicas=2 --dry-run=client -o yaml > ~/web.yaml
kubectl apply -f ~/web.yaml
kubectl scale deployment web --replicas=3
