<?php
class SomethingElse extends IPSModule
{
}
