# mistake: keeps only the loop and drops the start-up line the team relies on
# fails: fix/ready-line
# message: containing "heartbeat: service ready"
echo "Completed 0" > ~/heartbeat-exit.txt
kubectl patch deployment heartbeat -n ops --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/args",
   "value": ["while true; do echo \"heartbeat: alive\"; sleep 10; done"]}
]'
kubectl rollout status deployment/heartbeat -n ops --timeout=60s
