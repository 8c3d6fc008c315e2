from django.urls import path

from factcheck import views

urlpatterns = [
    path("", views.home, name="home"),
]
