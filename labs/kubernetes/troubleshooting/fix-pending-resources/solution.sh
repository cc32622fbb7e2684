kubectl get pods -n analytics -o wide
kubectl get events -n analytics --field-selector reason=FailedScheduling -o jsonpath='{.items[0].message}{"\n"}' > ~/scheduling.txt
cat ~/scheduling.txt
kubectl get node node01 -o jsonpath='{.status.allocatable.cpu}{"\n"}' > ~/node01-allocatable.txt
cat ~/node01-allocatable.txt
kubectl describe node node01 | grep -A8 "Allocated resources" || true
# each pod asks for 3 CPUs and 6Gi, more than any worker node has
kubectl set resources deployment/report-worker -n analytics --requests=cpu=250m,memory=256Mi
kubectl rollout status deployment/report-worker -n analytics --timeout=60s
