# mistake: creates web without -n hccda, so it lands in the default namespace
# fails: deploy/rolled-out
# message: not found
kubectl create deployment web --image=nginx:1.27 --replicas=3
