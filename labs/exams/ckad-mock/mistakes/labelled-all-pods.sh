# mistake: labels every pod of the namespace instead of only the tier=frontend ones
# fails: labels/others-untouched
kubectl --context k8s -n web label pods --all protected=true
