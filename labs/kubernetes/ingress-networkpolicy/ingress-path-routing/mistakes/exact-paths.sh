# mistake: writes the rules without the trailing *, so kubectl makes them pathType Exact and /app1/anything is not routed
# fails: routes/app1-route
# message: Prefix path /app1
kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
YAML
kubectl create ingress demo --class=nginx \
  --rule="demo.example.com/app1=app1:80" \
  --rule="demo.example.com/app2=app2:80"
