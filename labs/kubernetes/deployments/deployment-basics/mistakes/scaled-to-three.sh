# mistake: scales to 3 instead of 4
# fails: scale/replicas
# message: is 3, expected 4
kubectl create deployment web --image=nginx:1.26 --replicas=2
kubectl scale deployment web --replicas=3
