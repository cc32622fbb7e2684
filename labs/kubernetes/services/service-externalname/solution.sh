kubectl create service externalname docs --external-name=kubernetes.io
kubectl get service docs
kubectl create service externalname cache --external-name=cache.data.svc.cluster.local
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: billing-db
spec:
  ports:
    - name: mysql
      port: 3306
      targetPort: 3306
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: billing-db-1
  labels:
    kubernetes.io/service-name: billing-db
addressType: IPv4
ports:
  - name: mysql
    port: 3306
    protocol: TCP
endpoints:
  - addresses:
      - 10.20.30.40
YAML
kubectl describe service billing-db
