# mistake: opens the backend to every pod of the namespace instead of the frontend only
# fails: stay-locked/reports-blocked
# message: connects; expected it to be blocked
kubectl patch networkpolicy backend-allow-frontend -n shop --type=json -p '[
  {"op": "replace", "path": "/spec/ingress/0/from/0/podSelector", "value": {}}
]'
