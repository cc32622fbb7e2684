# imperative: one command, no file
kubectl run tools --image=busybox:1.36 -- sleep 3600
kubectl wait --for=condition=Ready pod/tools --timeout=60s
# generate a manifest without creating anything
kubectl create deployment web --image=nginx:1.26 --replicas=2 --dry-run=client -o yaml > ~/web.yaml
# edit: 3 replicas and a tier label on the pod template, then apply
sed -i 's/replicas: 2/replicas: 3/' ~/web.yaml
sed -i '/^  template:/,/^    spec:/ s/^\(        \)app: web$/\1app: web\n\1tier: frontend/' ~/web.yaml
cat ~/web.yaml
kubectl apply -f ~/web.yaml
kubectl rollout status deployment/web --timeout=60s
# update declaratively: edit the file, look at the diff, apply again
sed -i 's/image: nginx:1.26/image: nginx:1.27/' ~/web.yaml
kubectl diff -f ~/web.yaml || true
kubectl apply -f ~/web.yaml
kubectl rollout status deployment/web --timeout=60s
