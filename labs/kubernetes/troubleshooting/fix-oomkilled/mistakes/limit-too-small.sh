# mistake: raises the limit to 128Mi, still less than the 150 MiB the worker allocates
# fails: fix/rolled-out
# message: more memory than its limit (128Mi)
echo OOMKilled > ~/thumbnailer-reason.txt
kubectl set resources deployment/thumbnailer -n media -c worker --limits=memory=128Mi
