# mistake: edits the file but updates the live object with kubectl set image instead of applying the file
# fails: update/last-applied
# message: still names another image
kubectl create deployment web --image=nginx:1.26 --replicas=3 --dry-run=client -o yaml > ~/web.yaml
sed -i '/^  template:/,/^    spec:/ s/^\(        \)app: web$/\1app: web\n\1tier: frontend/' ~/web.yaml
kubectl apply -f ~/web.yaml
kubectl rollout status deployment/web --timeout=60s
sed -i 's/image: nginx:1.26/image: nginx:1.27/' ~/web.yaml
kubectl set image deployment/web nginx=nginx:1.27
