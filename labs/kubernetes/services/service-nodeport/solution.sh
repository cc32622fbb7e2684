kubectl rollout status deployment/shop --timeout=60s
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  type: NodePort
  selector:
    app: shop
  ports:
    - port: 80
      targetPort: 80
      nodePort: 30080
YAML
kubectl get service shop
kubectl get nodes -o wide
kubectl wait --for=condition=Ready pod/client --timeout=60s
kubectl exec client -- wget -qO- http://172.30.1.2:30080 > ~/nodeport.html
kubectl exec client -- wget -qO- http://172.30.2.2:30080 | head -4
kubectl expose deployment shop --name=shop-auto --type=NodePort --port=8080 --target-port=80
kubectl get service shop-auto -o jsonpath='{.spec.ports[0].nodePort}' > ~/shop-auto-port.txt
cat ~/shop-auto-port.txt
