# mistake: writes the DNS Service's name (kube-dns) instead of the CoreDNS Deployment's
# fails: add-ons/coredns
# message: does not match
mkdir -p ~/answers
kubectl get services -n kube-system
echo kube-dns > ~/answers/coredns-deployment.txt
