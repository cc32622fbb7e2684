kubectl get ingressclass
kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
YAML
kubectl create ingress demo --class=nginx \
  --rule="demo.example.com/app1*=app1:80" \
  --rule="demo.example.com/app2*=app2:80"
kubectl describe ingress demo
kubectl create secret tls demo-tls --cert=certs/demo.crt --key=certs/demo.key
kubectl patch ingress demo --type=merge \
  -p '{"spec":{"tls":[{"hosts":["demo.example.com"],"secretName":"demo-tls"}]}}'
kubectl get ingress demo -o yaml
