# mistake: points the alias at cache.data, which is not a full DNS name: the CNAME target is looked up as is and does not exist
# fails: cross-namespace/alias
# message: must be an ExternalName Service for cache.data.svc.cluster.local
kubectl create service externalname cache --external-name=cache.data
