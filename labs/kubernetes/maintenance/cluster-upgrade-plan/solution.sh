mkdir -p ~/upgrade
kubectl version > ~/upgrade/versions-before.txt
kubectl get nodes > ~/upgrade/nodes-before.txt
cat ~/upgrade/versions-before.txt ~/upgrade/nodes-before.txt
kubectl get pdb web

# control plane (on a real cluster: kubeadm upgrade plan / apply before the drain)
kubectl drain controlplane --ignore-daemonsets --delete-emptydir-data
# ... upgrade kubelet and kubectl, restart the kubelet ...
kubectl uncordon controlplane
kubectl label node controlplane upgrade=done

# node01 (on a real cluster: kubeadm upgrade node before the drain)
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl uncordon node01
kubectl label node node01 upgrade=done
kubectl rollout status deployment/web --timeout=60s

# node02
kubectl drain node02 --ignore-daemonsets --delete-emptydir-data
kubectl uncordon node02
kubectl label node node02 upgrade=done
kubectl rollout status deployment/web --timeout=60s

kubectl get nodes -L upgrade > ~/upgrade/nodes-after.txt
cat ~/upgrade/nodes-after.txt
