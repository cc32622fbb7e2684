kubectl get pods -n media
# wait until the container has been killed at least once
for i in $(seq 1 30); do
  reason=$(kubectl get pod -n media -l app=thumbnailer -o jsonpath='{.items[0].status.containerStatuses[0].lastState.terminated.reason}')
  [ -n "$reason" ] && break
  sleep 1
done
kubectl logs -n media deploy/thumbnailer --previous || true
kubectl describe pod -n media -l app=thumbnailer | grep -A5 "Last State"
kubectl get pod -n media -l app=thumbnailer \
  -o jsonpath='{.items[0].status.containerStatuses[0].lastState.terminated.reason}{"\n"}' > ~/thumbnailer-reason.txt
cat ~/thumbnailer-reason.txt
# stress holds 150 MiB, the limit is 100Mi: the kernel's OOM killer ends it
kubectl set resources deployment/thumbnailer -n media -c worker --limits=memory=256Mi
kubectl rollout status deployment/thumbnailer -n media --timeout=60s
