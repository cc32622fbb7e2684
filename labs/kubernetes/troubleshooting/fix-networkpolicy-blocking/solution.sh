kubectl rollout status deployment/frontend -n shop --timeout=60s
kubectl rollout status deployment/backend -n shop --timeout=60s
kubectl exec -n shop deploy/frontend -- wget -qO- -T 3 http://backend || true
kubectl get pods -n shop --show-labels
kubectl describe networkpolicy -n shop
# backend-allow-frontend admits pods labelled role=frontend; the frontend pods carry app=frontend
kubectl patch networkpolicy backend-allow-frontend -n shop --type=json -p '[
  {"op": "replace", "path": "/spec/ingress/0/from/0/podSelector/matchLabels", "value": {"app": "frontend"}}
]'
kubectl exec -n shop deploy/frontend -- wget -qO- -T 3 http://backend | head -4
kubectl wait --for=condition=Ready pod/reports -n shop --timeout=60s
kubectl exec -n shop reports -- wget -qO- -T 3 http://backend || echo "reports is still blocked, as intended"
