# mistake: picks the first autoscaling version kubectl api-versions prints, not the preferred one
# fails: explain/hpa-version
# message: does not match
mkdir -p ~/api
kubectl api-versions | grep autoscaling | head -1 > ~/api/hpa-apiversion.txt
