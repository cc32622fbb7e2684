mkdir -p ~/answers
# the control plane: static pods on the node controlplane
kubectl get pods -n kube-system -o wide
kubectl get pod -n kube-system -l component=etcd -o jsonpath='{.items[0].spec.nodeName}' > ~/answers/etcd-node.txt
kubectl get pods -n kube-system -l tier=control-plane -o name > ~/answers/static-pods.txt
# nodes and their roles
kubectl get nodes
kubectl get nodes -l '!node-role.kubernetes.io/control-plane' -o name > ~/answers/worker-nodes.txt
kubectl describe node controlplane | grep Taints > ~/answers/controlplane-taint.txt
# the add-ons
kubectl get deployments,daemonsets,services -n kube-system
echo coredns > ~/answers/coredns-deployment.txt
echo DaemonSet > ~/answers/kube-proxy-kind.txt
kubectl get service kube-dns -n kube-system -o jsonpath='{.spec.clusterIP}' > ~/answers/dns-service-ip.txt
# a DNS query through CoreDNS
kubectl run dns-check --image=busybox:1.36 --restart=Never -- nslookup kubernetes.default.svc.cluster.local
kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/dns-check --timeout=60s
kubectl logs dns-check
