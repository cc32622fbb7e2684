# mistake: removes the change cause instead of the deprecated note
# fails: remove/others-kept
# message: change-cause
kubectl annotate deployment web kubernetes.io/change-cause-
