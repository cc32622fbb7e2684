mkdir -p ~/exam
# k8s-c3: someone "upgraded" CoreDNS with a mistyped image name
kubectl --context k8s-c3 -n kube-system set image deployment/coredns coredns=registry.k8s.io/coredns/corends:v1.12.0
