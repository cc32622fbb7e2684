# mistake: the last worker is drained and labelled but never uncordoned
# fails: workers/uncordoned
# message: have .spec.unschedulable not true
kubectl drain controlplane --ignore-daemonsets --delete-emptydir-data
kubectl uncordon controlplane
kubectl label node controlplane upgrade=done
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl uncordon node01
kubectl label node node01 upgrade=done
kubectl rollout status deployment/web --timeout=60s
kubectl drain node02 --ignore-daemonsets --delete-emptydir-data
kubectl label node node02 upgrade=done
