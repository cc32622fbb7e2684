# mistake: deletes the failing pod; the ReplicaSet recreates it with the same wrong image
# fails: fix/rolled-out
# message: cannot pull image "nginx:1.277"
kubectl get deployment storefront -n shop -o jsonpath='{.spec.template.spec.containers[0].image}' > ~/bad-image.txt
kubectl delete pods -n shop --field-selector=status.phase=Pending
