# mistake: grants every verb on pods instead of only the read verbs
# fails: verify/cannot-delete
# message: user jane can delete pods in namespace dev, expected it not to
kubectl create role pod-reader --verb='*' --resource=pods -n dev
kubectl create rolebinding jane-pod-reader --role=pod-reader --user=jane -n dev
