"""Uploads stop at the import limit: the rest of a larger request body is never read."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from interviewkit.bank.limits import UPLOAD_BYTES

FORM_BYTES = 64 * 1024  # the form's other fields and the multipart framing, generously


class UploadLimitHandler(FileUploadHandler):
    """The first upload handler: it stops a file over UPLOAD_BYTES as soon as that is known,
    from the request's length before any of the file is read, or else as the file streams in.

    The stopped file is left out of request.FILES and the request is marked, so the form can
    say why the file is missing.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > UPLOAD_BYTES + FORM_BYTES

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self.stop()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > UPLOAD_BYTES:
            self.stop()
        return raw_data  # for the next handler to keep

    def file_complete(self, file_size):
        return None

    def stop(self):
        self.request.upload_too_large = True
        raise StopUpload(connection_reset=True)  # read no more of the body


def upload_too_large(request):
    return getattr(request, "upload_too_large", False)
