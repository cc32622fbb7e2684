# mistake: drains the control plane and labels it, but leaves it cordoned
# fails: controlplane/uncordoned
# message: .spec.unschedulable is true
kubectl drain controlplane --ignore-daemonsets --delete-emptydir-data
kubectl label node controlplane upgrade=done
