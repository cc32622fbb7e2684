# mistake: finishes the maintenance but never uncordons node01
# fails: uncordon/schedulable
# message: .spec.unschedulable is true
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl scale deployment web --replicas=6
