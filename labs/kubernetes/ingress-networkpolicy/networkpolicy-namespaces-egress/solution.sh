kubectl -n payments rollout status deployment/api --timeout=60s
kubectl -n marketing rollout status deployment/web --timeout=60s
kubectl -n checkout wait --for=condition=Ready pod/client --timeout=60s
kubectl -n marketing wait --for=condition=Ready pod/client --timeout=60s
kubectl get namespaces --show-labels
kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow-checkout
  namespace: payments
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: checkout
      ports:
        - protocol: TCP
          port: 80
YAML
kubectl -n checkout exec client -- wget -qO- -T 3 http://api.payments | head -4
kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: restrict-egress
  namespace: checkout
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: payments
      ports:
        - protocol: TCP
          port: 80
YAML
kubectl -n checkout exec client -- wget -qO- -T 3 http://api.payments | head -4
kubectl -n checkout exec client -- nslookup api.payments.svc.cluster.local > ~/checkout-dns.txt
cat ~/checkout-dns.txt
