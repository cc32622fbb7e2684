# mistake: fixes the selector but also deletes the namespace's default deny, which protected the other pods
# fails: stay-locked/default-deny-kept
# message: was not found
kubectl patch networkpolicy backend-allow-frontend -n shop --type=json -p '[
  {"op": "replace", "path": "/spec/ingress/0/from/0/podSelector/matchLabels", "value": {"app": "frontend"}}
]'
kubectl delete networkpolicy default-deny-ingress -n shop
