# mistake: replaces the script with a plain sleep; the pod runs but the heartbeat never reports
# fails: fix/alive-line
# message: containing "heartbeat: alive"
echo "Completed 0" > ~/heartbeat-exit.txt
kubectl patch deployment heartbeat -n ops --type=json -p '[
  {"op": "replace", "path": "/spec/template/spec/containers/0/args", "value": ["sleep 3600"]}
]'
kubectl rollout status deployment/heartbeat -n ops --timeout=60s
