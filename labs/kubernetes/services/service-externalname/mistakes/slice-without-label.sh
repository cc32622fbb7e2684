# mistake: the EndpointSlice lacks the kubernetes.io/service-name label, so nothing ties it to the Service
# fails: manual-endpoints/endpoint-slice
# message: No EndpointSlice labelled kubernetes.io/service-name=billing-db
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: billing-db
spec:
  ports:
    - name: mysql
      port: 3306
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: billing-db-1
addressType: IPv4
ports:
  - name: mysql
    port: 3306
endpoints:
  - addresses:
      - 10.20.30.40
YAML
